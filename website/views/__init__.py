"""The customer website's views: thin, each state change through a domain function."""
