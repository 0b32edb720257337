"""Static files storage for production: whitenoise's compressed manifest storage, vendor-tolerant.

@utrecht/design-tokens ships a CSS file (background-image-icon.css) that refers to an image the
package does not contain. The manifest storage refuses that, which made `collectstatic` (the
Docker build, `make loadtest`) fail. A missing file referenced from a vendor's CSS is left as it
is; a missing file referenced from the portal's own static files still fails the build.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if content is None and name.startswith("vendor/"):
                return name
            raise
