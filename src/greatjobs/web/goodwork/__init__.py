"""Good work: employers assess themselves against a fair-employment charter, assessors verify,
and the place dashboard shows charter coverage and insecure work."""

from greatjobs.web.areas import Area

AREA = Area(slug="goodwork", title="Good work", index="index", order=60)
