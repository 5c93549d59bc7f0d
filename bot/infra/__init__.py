"""Process launchers: small entry points that turn settings into running servers."""
