"""Assessment reads, one module per part."""
