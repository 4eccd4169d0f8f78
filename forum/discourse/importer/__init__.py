"""Copy a Discourse forum into Meridian through Discourse's own JSON API."""
