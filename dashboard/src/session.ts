// The API key the marketer signed in with. sessionStorage: it lives as long as the tab and is never
// sent anywhere but in the Authorization header of /v1 requests.
const STORAGE_KEY = 'omnidrip.apiKey';

export const session = {
  key(): string | null {
    return sessionStorage.getItem(STORAGE_KEY);
  },
  signIn(key: string) {
    sessionStorage.setItem(STORAGE_KEY, key);
  },
  signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};
