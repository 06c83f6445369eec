"""Pages of the volunteer area: staff pages, phone pages for volunteers, public pages."""
