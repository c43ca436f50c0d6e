"""The one place that turns a user into what they may see and do.

Every list, detail page, export, dashboard and API endpoint starts from a function here.
Objects outside the caller's area raise `Http404`, the same answer as for objects that do
not exist, so nobody can probe for what lies beyond their jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from wangge.people.roles import ADMIN_ROLES, DEPARTMENT_ROLES
from wangge.regions.models import Region

if TYPE_CHECKING:
    from wangge.people.models import Post

_CACHE_ATTR = "_wangge_jurisdiction"
_POSTS_ATTR = "_wangge_active_posts"


@dataclass(frozen=True)
class Jurisdiction:
    """What one user may reach: subtree roots, departments and roles, from their active posts."""

    is_global: bool
    region_paths: tuple[str, ...]
    admin_paths: tuple[str, ...]
    department_ids: frozenset[int]
    roles: frozenset[str]
    # Reached through a machine client's API key: its region only, to read and report.
    machine: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.is_global and not self.region_paths

    def covers(self, path: str) -> bool:
        """Whether a region path lies inside this jurisdiction."""
        return self.is_global or any(
            path.startswith(root) for root in self.region_paths
        )

    def administers(self, path: str) -> bool:
        return self.is_global or any(path.startswith(root) for root in self.admin_paths)

    def path_q(self, field: str) -> Q:
        """A filter on a region-path column that keeps only rows inside this jurisdiction."""
        return paths_q(field, self.region_paths, everything=self.is_global)


NOWHERE = Jurisdiction(False, (), (), frozenset(), frozenset())


def paths_q(field: str, roots: tuple[str, ...], *, everything: bool = False) -> Q:
    """OR of subtree filters (`regions.lookups.Under`, which an index answers on every
    database); matches nothing when there are no roots."""
    if everything:
        return Q()
    if not roots:
        return Q(pk__in=[])
    q = Q()
    for root in roots:
        q |= Q(**{f"{field}__under": root})
    return q


def minimal_roots(paths: list[str]) -> tuple[str, ...]:
    """Drop paths that lie under another path of the list: their subtrees are already covered."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return tuple(roots)


def active_posts(user: Any) -> list[Post]:
    """The user's posts in force today, with their regions (read once per user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _POSTS_ATTR, None)
    if cached is not None:
        return cached
    from wangge.people.models import Post

    # Callers read the region's code, path and level; its boundary (GeoJSON, often the
    # largest value of the row) would be parsed on every request for nothing.
    posts = list(
        Post.objects.active()
        .filter(user=user)
        .select_related("region")
        .defer("region__boundary")
    )
    try:
        setattr(user, _POSTS_ATTR, posts)
    except AttributeError:
        pass
    return posts


def jurisdiction_of(user: Any) -> Jurisdiction:
    """Compute (once per request-bound user object) what the user may reach."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        result = NOWHERE
    else:
        posts = active_posts(user)
        result = Jurisdiction(
            is_global=bool(user.is_superuser),
            region_paths=minimal_roots([p.region.path for p in posts]),
            admin_paths=minimal_roots(
                [p.region.path for p in posts if p.role in ADMIN_ROLES]
            ),
            department_ids=frozenset(
                p.department_id for p in posts if p.role in DEPARTMENT_ROLES
            ),
            roles=frozenset(p.role for p in posts),
        )
    try:
        setattr(user, _CACHE_ATTR, result)
    except AttributeError:
        pass
    return result


def confine_to_region(user: Any, path: str) -> None:
    """For this request, `user` reaches the region at `path` and takes no role there.

    What a request opened with an API key may do (`access.api_keys.api_key_use`): read and
    report in the key's region, whatever posts the key's user holds.
    """
    forget(user)
    setattr(user, _POSTS_ATTR, [])
    setattr(
        user,
        _CACHE_ATTR,
        Jurisdiction(False, (path,), (), frozenset(), frozenset(), machine=True),
    )


def forget(user: Any) -> None:
    """Drop the cached jurisdiction, after the user's posts changed."""
    for attr in (_CACHE_ATTR, _POSTS_ATTR, "_wangge_case_scope"):
        if hasattr(user, attr):
            delattr(user, attr)


def forget_on_posts_changed(sender, user, **kwargs) -> None:
    """Receiver of `people.signals.posts_changed`: the user's cached scope is stale."""
    forget(user)


def regions_visible_to(user: Any) -> QuerySet[Region]:
    """Regions in the user's jurisdiction: the subtrees of their posts."""
    return Region.objects.filter(jurisdiction_of(user).path_q("path"))


def region_search(user: Any, query: str) -> QuerySet[Region]:
    """Regions of the user's area whose name contains, or whose code starts with, the
    query, in tree order, without their boundaries; a blank query finds nothing."""
    query = query.strip()
    if not query:
        return Region.objects.none()
    return (
        regions_visible_to(user)
        .filter(Q(name__icontains=query) | Q(code__startswith=query))
        .defer("boundary")
        .order_by("path")
    )


def region_get_for_user(user: Any, code: str) -> Region:
    """One region by code, or 404 when it does not exist or lies outside the user's area."""
    region = Region.objects.filter(code=code).select_related("parent").first()
    if region is None or not jurisdiction_of(user).covers(region.path):
        raise Http404("No such region.")
    return region


def region_roots_for(user: Any) -> QuerySet[Region]:
    """The top regions of the user's jurisdiction, where their navigation starts."""
    j = jurisdiction_of(user)
    if j.is_global:
        return Region.objects.filter(parent__isnull=True)
    return Region.objects.filter(path__in=j.region_paths)


def users_visible_to(user: Any) -> QuerySet:
    """People holding a post inside the user's jurisdiction (and the user themself)."""
    from wangge.people.models import User

    j = jurisdiction_of(user)
    if j.is_global:
        return User.objects.all()
    return User.objects.filter(
        j.path_q("posts__region__path") | Q(pk=user.pk)
    ).distinct()


def users_administered_by(user: Any) -> QuerySet:
    """People an administrator manages: those with a post inside their admin area.

    Superusers manage everyone; nobody else manages a superuser.
    """
    from wangge.people.models import User

    j = jurisdiction_of(user)
    if j.is_global:
        return User.objects.all()
    if not j.admin_paths:
        return User.objects.none()
    inside = User.objects.filter(paths_q("posts__region__path", j.admin_paths)).values(
        "pk"
    )
    return User.objects.filter(pk__in=inside, is_superuser=False)


def departments_visible_to(user: Any) -> QuerySet:
    """Departments whose seat lies in the user's jurisdiction, and the user's own departments."""
    from wangge.people.models import Department

    j = jurisdiction_of(user)
    return Department.objects.filter(
        j.path_q("region__path") | Q(pk__in=list(j.department_ids))
    )


def can_administer(user: Any, region: Region | None = None) -> bool:
    """Whether the user may edit people and regions, anywhere (region None) or in that region."""
    j = jurisdiction_of(user)
    if region is None:
        return j.is_global or bool(j.admin_paths)
    return j.administers(region.path)
