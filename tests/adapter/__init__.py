"""Tests of the remote-write adapter."""
