"""Stress tests: labelled wrist-accelerometer sessions generated from the physics, independent of the analyser."""
