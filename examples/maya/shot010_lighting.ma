//Maya ASCII 2023 scene
//Name: shot010_lighting.ma
//Codeset: UTF-8
file -rdi 1 -ns "chair" -rfn "chairRN" -op "v=0;" -typ "mayaAscii" "assets/chair.ma";
file -r -ns "chair" -dr 1 -rfn "chairRN" -op "v=0;" -typ "mayaAscii" "assets/chair.ma";
requires maya "2023";
requires -nodeType "aiOptions" -nodeType "aiAOVDriver" -nodeType "aiAOVFilter" -nodeType "aiImagerDenoiserOidn"
		 "mtoa" "5.2.1.1";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
createNode transform -s -n "persp";
createNode camera -s -n "perspShape" -p "persp";
createNode file -n "floor_diffuse";
	rename -uid "0B4C1D2E-4A5B-6C7D-8E9F-A0B1C2D3E4F5";
	setAttr ".ftn" -type "string" "sourceimages/floor_diffuse.<UDIM>.png";
	setAttr ".uvt" 3;
createNode file -n "hdri";
	setAttr ".ftn" -type "string" "sourceimages/studio_small.hdr";
createNode reference -n "chairRN";
	setAttr ".ed" -type "dataReferenceEdits"
		"chairRN"
		"chairRN" 0;
select -ne :defaultRenderGlobals;
	setAttr ".ren" -type "string" "arnold";
	setAttr ".an" yes;
	setAttr ".fs" 1;
	setAttr ".ef" 24;
	setAttr ".ifp" -type "string" "shot010/<RenderLayer>/<Scene>";
// End of shot010_lighting.ma
