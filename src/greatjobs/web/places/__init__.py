"""Places: the index of every place and each place's overview."""

from greatjobs.web.areas import Area

AREA = Area(slug="places", title="Places", order=10)
