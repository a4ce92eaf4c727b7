import { UPLOAD_LIMITS, type Upload, type UploadPurpose } from '@truck4u/contracts';
import { type ApiClient, ApiError } from '@truck4u/logic';
import { Button, colors, fontSizes, minTouch, mutedText, Notice, radii, spacing } from '@truck4u/ui';
import * as DocumentPicker from 'expo-document-picker';
import * as ImagePicker from 'expo-image-picker';
import { useState } from 'react';
import { Image, Pressable, StyleSheet, Text, View } from 'react-native';
import { useI18n } from '../i18n/i18n-context';

/** A photo taken or chosen on the phone, or a PDF chosen there, not sent yet. */
export interface PickedFile {
  uri: string;
  contentType: string;
  /** A chosen file's own name (PDFs show it on their tile); photos have none worth showing. */
  name?: string;
  /** The browser's File on the web export; on a phone the bytes are read from `uri` when sent. */
  file?: Blob;
}

const PDF = 'application/pdf';

// The api checks 8 MB (proofs) and 10 MB (documents, evidence); a phone camera at full quality can exceed it,
// and the photo only has to be legible.
const QUALITY = 0.6;

function fromPhotos(assets: ImagePicker.ImagePickerAsset[]): PickedFile[] {
  return assets.map((asset) => ({
    uri: asset.uri,
    contentType: asset.mimeType ?? 'image/jpeg',
    ...(asset.file ? { file: asset.file } : {}),
  }));
}

// The picker asks for PDFs only, but a browser's file input can be told to show every file, and some file
// providers give no type: a name ending in .pdf is taken as one, anything else keeps a type `sendPhotos` refuses.
function fromDocuments(assets: DocumentPicker.DocumentPickerAsset[]): PickedFile[] {
  return assets.map((asset) => ({
    uri: asset.uri,
    contentType: asset.mimeType || (/\.pdf$/i.test(asset.name) ? PDF : 'application/octet-stream'),
    name: asset.name,
    ...(asset.file ? { file: asset.file } : {}),
  }));
}

/** Whether the api takes PDFs for `purpose` (documents and dispute evidence; not proof or cargo photos). */
export function acceptsPdf(purpose: UploadPurpose): boolean {
  return (UPLOAD_LIMITS[purpose].contentTypes as readonly string[]).includes(PDF);
}

/** The file's bytes: the web's File as it is, a phone's file:// or content:// URI through fetch. */
async function readBytes(photo: PickedFile): Promise<Blob> {
  if (photo.file) return photo.file;
  const response = await fetch(photo.uri);
  return response.blob();
}

/**
 * Uploads each photo or PDF in turn (POST /api/uploads, PUT the bytes, check READY) and resolves the uploads.
 */
export async function sendPhotos(
  api: ApiClient,
  purpose: UploadPurpose,
  photos: readonly PickedFile[],
): Promise<Upload[]> {
  const limits = UPLOAD_LIMITS[purpose];
  const files = await Promise.all(photos.map(readBytes));
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
      throw new ApiError('PAYLOAD_TOO_LARGE', `A file is larger than ${limits.maxBytes} bytes`, 413);
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
 * Camera or gallery (expo-image-picker; on the web export a file input), and a PDF (expo-document-picker) when
 * the api takes PDFs for `purpose`, with the chosen files as tiles that can be removed before sending: a
 * thumbnail for a photo, the file name for a PDF. `testID` prefixes the hooks: `<id>-camera`, `<id>-library`,
 * `<id>-pdf` and `<id>-thumb`.
 */
export function PhotoPicker(props: {
  /** What the files are uploaded as: decides whether a PDF is offered. */
  purpose: UploadPurpose;
  photos: PickedFile[];
  onChange: (photos: PickedFile[]) => void;
  max: number;
  label?: string;
  testID: string;
  disabled?: boolean;
}) {
  const { m, format } = useI18n();
  const [refused, setRefused] = useState(false);
  const room = props.max - props.photos.length;
  const pdf = acceptsPdf(props.purpose);

  // The same file chosen twice is kept once (it would be uploaded twice and the api refuses a repeated id).
  function add(picked: PickedFile[]) {
    const known = new Set(props.photos.map((p) => p.uri));
    const fresh = picked.filter((p) => !known.has(p.uri));
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
    if (result && !result.canceled) add(fromPhotos(result.assets));
  }

  async function choosePhoto() {
    // The system photo picker needs no library permission.
    const result = await ImagePicker.launchImageLibraryAsync({
      mediaTypes: ['images'],
      quality: QUALITY,
      allowsMultipleSelection: room > 1,
      selectionLimit: room,
    });
    if (!result.canceled) add(fromPhotos(result.assets));
  }

  async function choosePdf() {
    // copyToCacheDirectory lets fetch read the file when it is sent. The system picker has no selection limit:
    // `add` keeps the first ones that fit. On the web the File itself is sent, so no base64 copy is made of it.
    // A second picker opened while one is showing is refused by the OS: nothing to tell.
    const result = await DocumentPicker.getDocumentAsync({
      type: PDF,
      copyToCacheDirectory: true,
      multiple: room > 1,
      base64: false,
    }).catch(() => null);
    if (result && !result.canceled) add(fromDocuments(result.assets));
  }

  return (
    <View style={styles.wrap} testID={props.testID}>
      {props.label ? <Text style={styles.label}>{props.label}</Text> : null}
      {props.photos.length > 0 ? (
        <View style={styles.thumbs}>
          {props.photos.map((photo, index) => {
            const image = photo.contentType.startsWith('image/');
            return (
              <Pressable
                key={photo.uri}
                testID={`${props.testID}-thumb`}
                dataSet={{ contentType: photo.contentType }}
                accessibilityRole="button"
                accessibilityLabel={
                  image
                    ? format(m.removePhoto, { index: index + 1 })
                    : format(m.removePdf, { name: photo.name ?? '' })
                }
                onPress={() => props.onChange(props.photos.filter((p) => p !== photo))}
                style={[styles.thumb, !image && styles.fileThumb]}
              >
                {image ? (
                  <Image source={{ uri: photo.uri }} style={styles.image} />
                ) : (
                  <View style={styles.file}>
                    <Text style={styles.fileGlyph}>PDF</Text>
                    <Text style={styles.fileName} numberOfLines={2}>
                      {photo.name}
                    </Text>
                  </View>
                )}
                <Text style={styles.remove}>×</Text>
              </Pressable>
            );
          })}
        </View>
      ) : null}
      {props.max > 1 ? (
        <Text style={mutedText}>
          {format(pdf ? m.fileCount : m.photoCount, { count: props.photos.length, max: props.max })}
        </Text>
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
          {pdf ? (
            <Button
              label={m.choosePdf}
              variant="ghost"
              testID={`${props.testID}-pdf`}
              disabled={props.disabled}
              onPress={() => void choosePdf()}
            />
          ) : null}
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
  // As wide as the file's name needs, up to the whole row (two lines at most).
  fileThumb: { width: 'auto', minWidth: THUMB * 2, maxWidth: '100%' },
  file: {
    flex: 1,
    justifyContent: 'center',
    gap: 2,
    padding: spacing.sm,
    paddingEnd: 26,
    borderWidth: 1.5,
    borderColor: colors.border,
    borderRadius: radii.md,
    backgroundColor: colors.surface,
  },
  fileGlyph: {
    alignSelf: 'flex-start',
    paddingHorizontal: spacing.xs,
    borderRadius: radii.sm,
    overflow: 'hidden',
    fontSize: fontSizes.sm,
    fontWeight: '700',
    color: colors.onPrimary,
    backgroundColor: colors.primary,
  },
  fileName: { fontSize: fontSizes.sm, color: colors.text },
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
