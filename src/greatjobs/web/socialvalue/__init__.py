"""Social value in commissioning: contracts with social value measures and targets, bids and their
evaluation, delivery returns with evidence and verification, and annual reports."""

from greatjobs.web.areas import Area

AREA = Area(slug="socialvalue", title="Social value", order=60)
