"""Images and files in posts: checked from their bytes, stored once, served safely."""
