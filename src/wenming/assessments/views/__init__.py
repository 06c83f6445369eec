"""Assessment pages, one module per part."""
