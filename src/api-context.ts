import { createContext } from '@lit/context';
import type { MessagesSource } from './api-client';

/** The protected API, provided by the shell; undefined when no VITE_API_URL is configured. */
export const apiContext = createContext<MessagesSource | undefined>(Symbol('portal-api'));
