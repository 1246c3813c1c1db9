"""Files an organisation sends in (e.g. a supplier's monitoring return): each visible only to its
own organisation and to staff."""

from greatjobs.web.areas import Area

AREA = Area(slug="uploads", title="Uploads", index="list", order=80)
