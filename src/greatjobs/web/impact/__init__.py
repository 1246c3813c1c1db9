"""Impact: the "EU funds end" scenario, appraisal of an investment programme (a CSV portfolio)
and input-output multipliers for any place, each with intervals and sources."""

from greatjobs.web.areas import Area

AREA = Area(slug="impact", title="Impact", order=30)
