"""The letters API: letters, their number registers and distribution lists."""
