"""Skills value: import provider data, read the scorecard and its flags, and the alignment of
provision with the place's priority sectors and employers' demand."""

from greatjobs.web.areas import Area

AREA = Area(slug="skills", title="Skills", index="index", order=65)
