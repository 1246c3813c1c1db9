"""Places: the index of every place and each place's overview."""
