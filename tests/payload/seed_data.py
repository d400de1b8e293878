"""The seed's Nuke example (shared/seed/render-jobs.txt), transcribed literally."""

SEED = {
    "name": "test_v002.nk render",
    "input": "C:\\projects\\nuke\\vfx\\test_v002.nk",
    "parameters": {
        "input_conversion": "always",
        "arguments": "-txV",
        "remote_os": "windows",
        "mapped_share_paths": [
            {
                "remote": "C:\\projects",
                "local": "share=5c5bf52a1da7ee0165105b85"
            },
            {
                "remote": "E:\\tools",
                "local": "N:\\tools",
                "os": "windows"
            },
        ],
        "site": {
            "local": {
                "settings": {
                    "download": {
                        "enable": "false"
                    },
                    "upload": {
                        "task_bucketsize": "1"
                    },
                    "common": {
                        "transfer_speedlimit": "2"
                    }
                }
            }
        }
    },
    "engine": "nuke-11",
    "range": "1001-1100",
    "dependencies": [
        "C:\\projects\\nuke\\src\\vh_gridtest.0099.jpg"
    ],
    "filters": "ram:>32g,site:sthlm",
    "output": "C:\\projects\\nuke\\output",
    "settings": {
        "task_bucketsize": "5",
        "transfer_speedlimit": "-1"
    },
    "envs": {
        "common": {
            "FOUNDRY_LICENSE_DEBUG": "true"
        },
        "linux": {
            "NUKE_PATH": "/projects/nuke/src"
        },
        "mac": {
            "NUKE_PATH": "/projects/nuke/src"
        },
        "windows": {
            "NUKE_PATH": "C:\\projects\\nuke\\src"
        }
    }
}
