"""The vendor portal's views: thin, each state change through a domain function, each
read through portal.selectors (scoped to the member's business)."""
