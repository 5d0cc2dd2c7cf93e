"""Private engine of :mod:`tremor.simulate`: waveforms, timeline planning and signal assembly.

``waveforms`` holds pure shape functions, ``plan`` draws the session timeline and the discrete
events, ``engine`` evaluates every component at the sample times and measures the ground truth,
``truth`` defines the public truth records. Import the public names from :mod:`tremor.simulate`.
"""
