"""Static files storage: hashed, compressed, tolerant of vendored files' missing source maps.

The vendored minified files reference `.map` files and font fallbacks that are not shipped;
Django's manifest storage would refuse to collect them. Such references are left as they are.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class VendorTolerantStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(match):
            try:
                return convert(match)
            except ValueError:
                return match.group(0)

        return converter
