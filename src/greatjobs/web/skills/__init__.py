"""Skills value: import provider data, read the scorecard and its flags, and the alignment of
provision with the place's priority sectors and employers' demand."""

from greatjobs.web.accounts.roles import SEES_EVERY_ORGANISATION
from greatjobs.web.areas import Area

AREA = Area(slug="skills", title="Skills", index="index", order=65, roles=SEES_EVERY_ORGANISATION)
