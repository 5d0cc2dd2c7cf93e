"""Reports: JSON, HTML, figures and history across sessions."""
