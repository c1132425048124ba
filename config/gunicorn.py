"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi`.

The access log leaves out the client address and user agent: people who tell their story must
not be traceable from our logs. Paths and status codes are enough to run the service.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Forwarded addresses are trusted only from the local proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket (gunicorn 25+): nothing here uses it, and its default place, $HOME, is read-only
# in the image and under the systemd units.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Once a worker has loaded the site, move what it loaded out of the collector's way (config/wsgi.py)."""
    from config.wsgi import start_up_objects_freeze

    worker.log.info("Set %d objects loaded at start-up aside from the garbage collector.", start_up_objects_freeze())
