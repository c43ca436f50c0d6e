"""`path__under`: the subtree of a path, the same on every database as `str.startswith`."""

from wangge.regions.models import Region


def test_under_keeps_exactly_the_regions_whose_path_starts_with_the_prefix(tree):
    paths = list(Region.objects.values_list("path", flat=True))

    for root in [*paths, "/4101", "/410100/410102/410102001/4"]:
        found = set(
            Region.objects.filter(path__under=root).values_list("path", flat=True)
        )
        assert found == {p for p in paths if p.startswith(root)}, root
