import { UPLOAD_LIMITS, type Upload, type UploadPurpose } from '@truck4u/contracts';
import { type ApiClient, ApiError } from '@truck4u/logic';
import { Button, colors, fontSizes, minTouch, mutedText, Notice, radii, spacing } from '@truck4u/ui';
import * as ImagePicker from 'expo-image-picker';
import { useState } from 'react';
import { Image, Pressable, StyleSheet, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';

/** A photo taken or chosen on the phone, not sent yet. */
export interface PickedPhoto {
  uri: string;
  contentType: string;
  /** The browser's File on the web export; on a phone the bytes are read from `uri` when sent. */
  file?: Blob;
}

// The api checks 8 MB (proofs) and 10 MB (documents, evidence); a phone camera at full quality can exceed it,
// and the photo only has to be legible.
const QUALITY = 0.6;

function toPicked(assets: ImagePicker.ImagePickerAsset[]): PickedPhoto[] {
  return assets.map((asset) => ({
    uri: asset.uri,
    contentType: asset.mimeType ?? 'image/jpeg',
    ...(asset.file ? { file: asset.file } : {}),
  }));
}

/** The photo's bytes: the web's File as it is, a phone's file:// or content:// URI through fetch. */
async function readPhoto(photo: PickedPhoto): Promise<Blob> {
  if (photo.file) return photo.file;
  const response = await fetch(photo.uri);
  return response.blob();
}

/** Uploads each photo in turn (POST /api/uploads, PUT the bytes, check READY) and resolves the uploads. */
export async function sendPhotos(
  api: ApiClient,
  purpose: UploadPurpose,
  photos: readonly PickedPhoto[],
): Promise<Upload[]> {
  const limits = UPLOAD_LIMITS[purpose];
  const files = await Promise.all(photos.map(readPhoto));
  // Checked before anything is sent, as the api would refuse it: the user learns why at once, with no upload
  // left half done.
  photos.forEach((photo, index) => {
    if (!(limits.contentTypes as readonly string[]).includes(photo.contentType)) {
      throw new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${photo.contentType} is not accepted for ${purpose}`,
        415,
      );
    }
    if ((files[index]?.size ?? 0) > limits.maxBytes) {
      throw new ApiError('PAYLOAD_TOO_LARGE', `A photo is larger than ${limits.maxBytes} bytes`, 413);
    }
  });
  const uploads: Upload[] = [];
  for (const [index, photo] of photos.entries()) {
    const file = files[index];
    if (file) uploads.push(await api.uploads.send(purpose, file, photo.contentType));
  }
  return uploads;
}

/**
 * Camera or gallery (expo-image-picker; on the web export a file input), with the chosen photos as thumbnails
 * that can be removed before sending. `testID` prefixes the hooks: `<id>-camera`, `<id>-library`, `<id>-thumb`.
 */
export function PhotoPicker(props: {
  photos: PickedPhoto[];
  onChange: (photos: PickedPhoto[]) => void;
  max: number;
  label?: string;
  testID: string;
  disabled?: boolean;
}) {
  const { m, format } = useI18n();
  const [refused, setRefused] = useState(false);
  const room = props.max - props.photos.length;

  // The same photo chosen twice is kept once (it would be uploaded twice and the api refuses a repeated id).
  function add(assets: ImagePicker.ImagePickerAsset[]) {
    const known = new Set(props.photos.map((p) => p.uri));
    const fresh = toPicked(assets).filter((p) => !known.has(p.uri));
    props.onChange([...props.photos, ...fresh].slice(0, props.max));
  }

  async function takePhoto() {
    const permission = await ImagePicker.requestCameraPermissionsAsync();
    if (!permission.granted) {
      setRefused(true);
      return;
    }
    setRefused(false);
    // A phone without a usable camera (or a simulator) rejects: the same advice, use the gallery.
    const result = await ImagePicker.launchCameraAsync({ mediaTypes: ['images'], quality: QUALITY }).catch(
      () => {
        setRefused(true);
        return null;
      },
    );
    if (result && !result.canceled) add(result.assets);
  }

  async function choosePhoto() {
    // The system photo picker needs no library permission.
    const result = await ImagePicker.launchImageLibraryAsync({
      mediaTypes: ['images'],
      quality: QUALITY,
      allowsMultipleSelection: room > 1,
      selectionLimit: room,
    });
    if (!result.canceled) add(result.assets);
  }

  return (
    <View style={styles.wrap} testID={props.testID}>
      {props.label ? <Text style={styles.label}>{props.label}</Text> : null}
      {props.photos.length > 0 ? (
        <View style={styles.thumbs}>
          {props.photos.map((photo, index) => (
            <Pressable
              key={photo.uri}
              testID={`${props.testID}-thumb`}
              accessibilityRole="button"
              accessibilityLabel={format(m.removePhoto, { index: index + 1 })}
              onPress={() => props.onChange(props.photos.filter((p) => p !== photo))}
              style={styles.thumb}
            >
              <Image source={{ uri: photo.uri }} style={styles.image} />
              <Text style={styles.remove}>×</Text>
            </Pressable>
          ))}
        </View>
      ) : null}
      {props.max > 1 ? (
        <Text style={mutedText}>{format(m.photoCount, { count: props.photos.length, max: props.max })}</Text>
      ) : null}
      {room > 0 ? (
        <View style={styles.actions}>
          <Button
            label={m.takePhoto}
            variant="secondary"
            testID={`${props.testID}-camera`}
            disabled={props.disabled}
            onPress={() => void takePhoto()}
          />
          <Button
            label={m.choosePhoto}
            variant="ghost"
            testID={`${props.testID}-library`}
            disabled={props.disabled}
            onPress={() => void choosePhoto()}
          />
        </View>
      ) : null}
      <Notice tone="warning" testID="camera-refused" text={refused ? m.cameraRefused : null} />
    </View>
  );
}

const THUMB = 72;
const styles = StyleSheet.create({
  wrap: { gap: spacing.sm },
  label: { fontSize: fontSizes.sm, fontWeight: '600', color: colors.text },
  thumbs: { flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm },
  thumb: { width: Math.max(THUMB, minTouch), height: THUMB, borderRadius: radii.md, overflow: 'hidden' },
  image: { width: '100%', height: '100%', backgroundColor: colors.border },
  remove: {
    position: 'absolute',
    top: 2,
    end: 2,
    width: 22,
    height: 22,
    borderRadius: 11,
    textAlign: 'center',
    color: colors.onPrimary,
    backgroundColor: colors.text,
    fontWeight: '700',
  },
  actions: { gap: spacing.sm },
});
