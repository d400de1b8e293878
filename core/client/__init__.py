"""accsyn wire client (requests imported lazily, when first used)."""
