// The module's connection is process-wide state, so engine tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
