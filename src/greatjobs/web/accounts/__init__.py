"""Who people are: users, their roles (groups) and the organisations they belong to."""
