"""Bench-only routes, included by dnqp/urls.py only when DNQP_BENCH=1."""

from django.urls import path

from bench.views import ping

urlpatterns = [path("ping/", ping, name="bench-ping")]
