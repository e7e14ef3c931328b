"""Signal handlers of cross-app features."""
