"""Static files in production: hashed names for long caching, compressed by WhiteNoise."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """GOV.UK Frontend's minified files name source maps that are not shipped (``make assets``
    copies only the minified files), so source-map references are left as they are."""

    patterns = tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
