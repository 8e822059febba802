// Sentences about the media library shown to people, each written once. No imports: the media
// library's client component uses them too.

export const STAFF_ONLY_UPLOAD = "Only newsroom staff can upload images.";
export const CHOOSE_AN_IMAGE_FILE = "Choose an image file to upload.";
export const IMAGE_NOT_FOUND = "That image is not in the media library.";
export const STAFF_ONLY_MEDIA = "Only newsroom staff can use the media library.";
export const ALREADY_IN_LIBRARY = "This image is already in the library: use it?";
export const CROP_CHANGED_MEANWHILE = "Someone changed this image's crop meanwhile. Reload the library to see it, then try again.";
export const FOCAL_RANGE = "Set the focal point on the picture: across and down are each from 0 to 100%.";
export const IMAGE_NOT_STORED =
  "The image could not be stored: the media storage refused it. Nothing was saved; try again in a moment, and tell an administrator if it keeps happening.";
