"""The contract operations, written once against the official client's call shapes and run by
both clients (the official one in a subprocess, ours in the test process)."""

from __future__ import annotations

from typing import Any, Dict

NAME = "contract job"  # lowercase, single spaces: the official client lowercases queries (D9)


def payload(big: bool = False) -> Dict[str, Any]:
    data: Dict[str, Any] = {
        "engine": "nuke-16",
        "name": NAME,
        "input": "share=5c5bf52a1da7ee0165105b85/shots/sh010/comp_v003.nk",
        "output": "share=5c5bf52a1da7ee0165105b85/shots/sh010/render",
        "range": "1001-1003",
        "filters": "ram:>32g,site:sthlm",
        "settings": {"task_bucketsize": "5"},
        "parameters": {"input_conversion": "always", "remote_os": "windows", "accsyn_dcc_submission": "e1"},
        "envs": {"common": {}, "linux": {"NUKE_PATH": "/mnt/proj/tools"}},
    }
    if big:  # over the 100 kB size estimate: must travel as gz_data
        data["dependencies"] = [f"share=5c5bf52a1da7ee0165105b85/src/plate.{i:06d}.exr" for i in range(2500)]
        data["name"] = NAME + " big"
    return data


def run_ops(session: Any) -> Dict[str, Any]:
    job = session.create("Compute", payload())
    big = session.create("Compute", payload(big=True))
    job_id = job["id"]
    session.find(f"Compute WHERE name='{NAME}'")
    session.find(f"Compute WHERE name='{NAME}'", finished=True, limit=5, skip=1, attributes=["id", "status"])
    session.find_one(f"Compute WHERE id={job_id}")
    session.get_entity("compute", job_id)  # the official get_entity does not lowercase the type; ours does
    session.update("Compute", job_id, {"status": "paused"})
    tasks = session.find("Task", entityid=job_id)
    session.find("Task WHERE status=queued", entityid=job_id)
    session.update_many("task", job_id, [{"id": tasks[0]["id"], "status": "queued"}])
    session.delete_one("Compute", big["id"])
    session.find("Engine")
    return {"jobs": [job_id, big["id"]], "tasks": [tasks[0]["id"]]}
