"""The demo place, Northshire: a fictional county generated from a seed for trying joinedup out.

`joinedup demo` calls :func:`joinedup.demo.load.load_demo`.
"""
