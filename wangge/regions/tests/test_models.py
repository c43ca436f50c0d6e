from wangge.regions.models import Region


def test_subtree_is_the_region_and_everything_under_it(tree):
    township = tree["410102001"]
    codes = set(Region.objects.subtree(township).values_list("code", flat=True))
    assert codes == {"410102001", "410102001001", "410102001002"} | {
        f"410102001{c:03d}{s:03d}" for c in (1, 2) for s in (1, 2)
    }


def test_tree_has_two_of_each_child(tree):
    assert Region.objects.filter(level="cell").count() == 16
    assert tree["410103002002002"].ancestor_codes == [
        "410100",
        "410103",
        "410103002",
        "410103002002",
        "410103002002002",
    ]
