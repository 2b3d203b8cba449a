// Implemented by the safetensors reader (in progress).
