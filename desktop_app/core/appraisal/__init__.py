"""Performance appraisal (绩效考核): schemes that turn an agent's figures into points, grade, rank and 提成.

``scheme`` loads, validates and saves scheme files; ``scoring`` holds the scoring rules; ``appraise``
applies a scheme to the agents frame of a model run; ``report`` gives the JSON section. Qt-free.
"""
