"""gunicorn's settings for `make run` (`gunicorn -c python:wangge.gunicorn_conf`).

The access log keeps the method, the path, the status, the size, the user agent and the
time taken, but not the query string nor the referer: queries carry what people typed
(a tracking code at /api/v1/public/track, a searched phone number in a case list filter),
and a log is read by more people than the data it would copy.
"""

accesslog = "-"
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'
)
