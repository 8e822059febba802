// Where image files live. The newsroom only ever talks to a MediaStore, so a cloud bucket can
// replace the local disk by implementing these three calls. Keys are always made by us:
// "<media id>/<name>.<jpg|png|webp>".

import { LocalDiskStore, mediaDirectory } from "@/lib/media/local-disk-store";

export interface MediaStore {
  /** Store the bytes under the key, all of them or none. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes and type stored under the key, or null when there are none. */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /** Remove the key; removing a key that is not there is no error. */
  delete(key: string): Promise<void>;
}

const stores = new Map<string, MediaStore>();

/** The store this newsroom uses: files on the local disk under <data folder>/media. */
export function getMediaStore(): MediaStore {
  // One per folder: tests point NEWSDESK_DATA_DIR at a temporary folder of their own.
  const directory = mediaDirectory();
  let store = stores.get(directory);
  if (!store) {
    store = new LocalDiskStore(directory);
    stores.set(directory, store);
  }
  return store;
}
