"""Assessment actions, one module per part."""
