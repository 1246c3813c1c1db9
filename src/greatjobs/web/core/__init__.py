"""The shell every page shares: layout, navigation, error pages and the warehouse per request."""
