# gunicorn settings for production and the benchmark: sync workers, one per core plus one, recycled now and then so
# a slow leak cannot grow without bound. Override any of them on the command line.
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
keepalive = 5
max_requests = 20000
max_requests_jitter = 2000
accesslog = None
preload_app = True
