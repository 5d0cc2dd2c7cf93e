"""Live BLE streaming from wristbands (Polar PMD, micro:bit, our DIY profile)."""
