import { createMemoryStore } from '../support/memory-store';
import { describeStoreContract } from './store.contract';

// The in-memory fake that core unit tests use must keep the same promises as the real adapters.
describeStoreContract('memory (test fake)', {
  open: async () => createMemoryStore(),
  dispose: async (store) => store.close(),
});
