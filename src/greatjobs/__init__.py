"""greatjobs: measurement and decision system for a place-based, inclusive industrial strategy.

The library knows nothing of the web or the command line: it takes paths and frames, and returns
frames with their provenance. The CLI (`greatjobs.cli`) and the web app (`greatjobs.web`) are thin
faces over it.
"""

from greatjobs.errors import GreatjobsError
from greatjobs.home import Home

__version__ = "0.1.0"

__all__ = ["GreatjobsError", "Home", "__version__"]
