"""Text -> mentions -> places -> events -> control areas and front lines (middle layer)."""
