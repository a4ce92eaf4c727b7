import type {
  BidWithDriver,
  CreateDispute,
  CreateProof,
  CreateUpload,
  Dispute,
  DriverDocument,
  DriverDocuments,
  FavouriteDriver,
  MessagesRead,
  PostRideMessage,
  Proof,
  PublicDriverProfile,
  PublicTracking,
  Ride,
  RideDelivery,
  RideMessage,
  RideMessagesPage,
  RideTracking,
  SaveAddress,
  SavedAddress,
  ShareLink,
  StopStatus,
  SubmitDocument,
  Upload,
  UploadPurpose,
  UploadTicket,
} from '@truck4u/contracts';
import { ApiError } from './api-error';
import { newIdempotencyKey } from './idempotency';

/** The `request` of createApiClient: typed JSON in, typed JSON out, errors as ApiError. */
type Request = <T>(
  method: string,
  path: string,
  opts?: {
    body?: unknown;
    query?: Record<string, string | number | boolean | undefined>;
    anonymous?: boolean;
    idempotencyKey?: string;
  },
) => Promise<T>;

export interface TrustApiOptions {
  fetch: typeof fetch;
  /**
   * Where the bytes of an upload go. The api answers absolute signed URLs; a web page served behind the web
   * server rewrites the api's own URLs to its origin (S3 URLs stay as they are).
   */
  rewriteFileUrl?: (url: string) => string;
}

const id = encodeURIComponent;

/** Files, documents, proofs, disputes, negotiation, chat, tracking and favourites (the second wave of paths). */
export function createTrustApi(request: Request, options: TrustApiOptions) {
  const rewrite = options.rewriteFileUrl ?? ((url: string) => url);

  /** POST /api/uploads, PUT the bytes to the signed URL, then GET: resolves the READY upload. */
  async function sendFile(purpose: UploadPurpose, file: Blob, contentType = file.type): Promise<Upload> {
    const body: CreateUpload = { purpose, contentType, sizeBytes: file.size };
    const ticket = await request<UploadTicket>('POST', '/api/uploads', { body });
    let response: Response;
    try {
      response = await options.fetch(rewrite(ticket.uploadUrl), {
        method: ticket.method,
        headers: ticket.headers,
        body: file,
      });
    } catch (error) {
      throw new ApiError('NETWORK_ERROR', error instanceof Error ? error.message : 'Network error', 0);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let code = 'UNEXPECTED_RESPONSE';
      let message = text.slice(0, 200) || response.statusText;
      try {
        const envelope = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = envelope.error?.code ?? code;
        message = envelope.error?.message ?? message;
      } catch {
        // S3 answers XML: keep the text.
      }
      throw new ApiError(code as ApiError['code'], message, response.status);
    }
    const upload = await request<Upload>('GET', `/api/uploads/${id(ticket.id)}`);
    if (upload.status !== 'READY') {
      throw new ApiError('VALIDATION_FAILED', upload.rejectionReason ?? 'The file was refused', 400);
    }
    return upload;
  }

  return {
    uploads: {
      send: sendFile,
      get: async (uploadId: string) => {
        const upload = await request<Upload>('GET', `/api/uploads/${id(uploadId)}`);
        return upload.downloadUrl ? { ...upload, downloadUrl: rewrite(upload.downloadUrl) } : upload;
      },
    },
    documents: {
      mine: () => request<DriverDocuments>('GET', '/api/drivers/me/documents'),
      submit: (body: SubmitDocument) =>
        request<DriverDocument>('POST', '/api/drivers/me/documents', { body }),
    },
    proofs: {
      list: (rideId: string) => request<{ items: Proof[] }>('GET', `/api/rides/${id(rideId)}/proofs`),
      add: (rideId: string, body: CreateProof) =>
        request<Proof>('POST', `/api/rides/${id(rideId)}/proofs`, { body }),
    },
    delivery: {
      get: (rideId: string) => request<RideDelivery>('GET', `/api/rides/${id(rideId)}/delivery`),
      /** COMPLETED with the recipient's code, for a ride that names a recipient. */
      complete: (rideId: string, deliveryCode: string) =>
        request<Ride>('PATCH', `/api/rides/${id(rideId)}/status`, {
          body: { status: 'COMPLETED', deliveryCode },
        }),
    },
    cash: {
      confirm: (rideId: string) =>
        request<unknown>('POST', `/api/rides/${id(rideId)}/payments/cash/confirm`, { body: {} }),
    },
    disputes: {
      list: (rideId: string) => request<{ items: Dispute[] }>('GET', `/api/rides/${id(rideId)}/disputes`),
      open: (rideId: string, body: CreateDispute) =>
        request<Dispute>('POST', `/api/rides/${id(rideId)}/disputes`, { body }),
    },
    negotiation: {
      counter: (rideId: string, bidId: string, price: number) =>
        request<BidWithDriver>('POST', `/api/rides/${id(rideId)}/bids/${id(bidId)}/counter`, {
          body: { price },
        }),
      respond: (rideId: string, bidId: string, accept: boolean) =>
        request<BidWithDriver>('POST', `/api/rides/${id(rideId)}/bids/${id(bidId)}/counter/respond`, {
          body: { accept },
        }),
      withdraw: (rideId: string, bidId: string) =>
        request<unknown>('DELETE', `/api/rides/${id(rideId)}/bids/${id(bidId)}`),
    },
    chat: {
      list: (rideId: string, after?: number) =>
        request<RideMessagesPage>('GET', `/api/rides/${id(rideId)}/messages`, { query: { after } }),
      /**
       * `idempotencyKey`: one per message the user sends, reused when that message is sent again (see
       * createChatSendKeys); the api then answers the first copy rather than posting a second.
       */
      send: (rideId: string, body: PostRideMessage, idempotencyKey: string = newIdempotencyKey()) =>
        request<RideMessage>('POST', `/api/rides/${id(rideId)}/messages`, { body, idempotencyKey }),
      markRead: (rideId: string, upTo: number) =>
        request<MessagesRead>('POST', `/api/rides/${id(rideId)}/messages/read`, { body: { upTo } }),
    },
    tracking: {
      ride: (rideId: string) => request<RideTracking>('GET', `/api/rides/${id(rideId)}/tracking`),
      share: (rideId: string) => request<ShareLink>('POST', `/api/rides/${id(rideId)}/share`, { body: {} }),
      unshare: (rideId: string) => request<void>('DELETE', `/api/rides/${id(rideId)}/share`),
      /** The public share page's data: no session needed. */
      public: (token: string) =>
        request<PublicTracking>('GET', `/api/track/${id(token)}`, { anonymous: true }),
      markStop: (rideId: string, index: number, status: Exclude<StopStatus, 'PENDING'>) =>
        request<Ride>('PATCH', `/api/rides/${id(rideId)}/stops/${index}`, { body: { status } }),
    },
    profiles: {
      driver: (driverId: string) =>
        request<PublicDriverProfile>('GET', `/api/drivers/${id(driverId)}/profile`),
    },
    customers: {
      addresses: () => request<{ items: SavedAddress[] }>('GET', '/api/customers/me/addresses'),
      saveAddress: (body: SaveAddress) =>
        request<SavedAddress>('POST', '/api/customers/me/addresses', { body }),
      renameAddress: (addressId: string, label: string) =>
        request<SavedAddress>('PATCH', `/api/customers/me/addresses/${id(addressId)}`, { body: { label } }),
      deleteAddress: (addressId: string) =>
        request<void>('DELETE', `/api/customers/me/addresses/${id(addressId)}`),
      favouriteDrivers: () =>
        request<{ items: FavouriteDriver[] }>('GET', '/api/customers/me/favourite-drivers'),
      addFavourite: (driverId: string) =>
        request<FavouriteDriver>('PUT', `/api/customers/me/favourite-drivers/${id(driverId)}`, { body: {} }),
      removeFavourite: (driverId: string) =>
        request<void>('DELETE', `/api/customers/me/favourite-drivers/${id(driverId)}`),
    },
  };
}

export type TrustApi = ReturnType<typeof createTrustApi>;
