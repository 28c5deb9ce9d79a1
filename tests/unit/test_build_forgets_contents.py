"""A build leaves no content object behind in Pelican's memo caches (a live preview builds many)."""

from pelican.contents import Content

from sitebuild.build import _forget_contents


def test_the_memo_caches_of_content_objects_are_emptied():
    caches = [value.cache for value in vars(Content).values() if hasattr(value, "cache")]
    assert len(caches) >= 2  # get_content and get_summary
    for cache in caches:
        cache[(object(), "siteurl")] = "html"
    _forget_contents()
    assert all(not cache for cache in caches)
