//Maya ASCII 2023 scene
//Name: chair.ma
requires maya "2023";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
createNode transform -n "chair";
createNode mesh -n "chairShape" -p "chair";
createNode file -n "chair_wood";
	setAttr ".ftn" -type "string" "sourceimages/chair_wood.png";
